# Data layer tests (CUnit against the real servers).
