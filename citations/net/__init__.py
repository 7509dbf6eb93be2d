"""The network side: one polite HTTP client, cassettes, the result cache."""
