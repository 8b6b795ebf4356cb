from jamlik.cli import main

main()
