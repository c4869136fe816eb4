"""The parts of `benchmarks/commands.py`: a community on a SQLite file, timed command lines,
and members chatting while commands are timed."""
