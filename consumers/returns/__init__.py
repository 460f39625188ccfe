"""The statutory returns (CIN census, SSDA903, Ofsted Annex A) made from the reporting tables, and
our own pre-submission checks of them."""
