from cyberkg.cli import main

raise SystemExit(main())
