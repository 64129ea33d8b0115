"""Training-time code: reads the labelled data by path and writes the shipped artefacts.

Nothing here runs when the matcher screens; it is imported by ``train()`` only.
"""
