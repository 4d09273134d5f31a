"""Pure stages between read and store. Each module: one job, one entry function over a batch.

A stage declares what it reads (`REQUIRES`) and writes (`ASSIGNS`); `runner.Pipeline`
checks the chain at start-up and isolates a failing item so the rest of the batch goes on.
"""
