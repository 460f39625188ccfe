"""The reporting tables: folded from the case events (in process from the store, or from a Kafka
consumer group), the statutory returns are made from them."""
