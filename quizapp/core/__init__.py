"""The site shell: home page, language switch, health check, error pages, security headers."""
