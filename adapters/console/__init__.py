"""The console adapter: a whole community in the terminal, with a virtual clock."""
