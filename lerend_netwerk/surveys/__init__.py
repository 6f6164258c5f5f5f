"""Surveys (bevragingen): building a survey with translations, answering one question a screen or all at once with
a draft to come back to, assisted and paper entry, results with running tallies, the CSV export, the poster, and
turning answers into signals."""
