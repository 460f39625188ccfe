"""A synthetic local authority for the demo and the benchmarks: teams and workers, children and
their episodes over a few years, recorded through the case record's service as it would have
been recorded (`generator.plan`, then `generator.load`)."""
