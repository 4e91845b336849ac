"""`python -m quizapp` runs the same command as the `quizapp` console script."""

from quizapp.launcher import main

main()
