"""Coverage for the education department: participation, plan targets, dashboard and report."""
