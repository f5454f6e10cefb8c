"""The reader of answers about expectations under sampling laws, as in E_{x~p}[f(x)]."""
