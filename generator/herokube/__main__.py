from herokube.cli import main

main()
