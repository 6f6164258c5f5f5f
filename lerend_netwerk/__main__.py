from lerend_netwerk.cli import main

raise SystemExit(main())
