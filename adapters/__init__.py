"""Platform adapters: each translates its platform's payloads to core events and back."""
