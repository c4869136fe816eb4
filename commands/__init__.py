"""The slash-command surface: declared once, parsed once, rendered natively by each adapter."""
