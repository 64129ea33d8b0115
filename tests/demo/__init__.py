"""Tests of the synthetic demo data generator."""
