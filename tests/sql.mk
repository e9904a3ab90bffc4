# Database tests (pgTAP / SQL).
