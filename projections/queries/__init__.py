"""What the API asks of the views: plain functions over the view store, no SQL outside here."""
