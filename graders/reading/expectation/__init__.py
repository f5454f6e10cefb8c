"""expectation"""
