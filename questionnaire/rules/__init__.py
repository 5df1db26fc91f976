"""The rules, one module per side; each rule cites the paragraph or law it implements."""
