"""Administrative units and schools: the registry every contest and report refers to."""
