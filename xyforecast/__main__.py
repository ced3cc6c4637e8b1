import sys

from xyforecast.cli import main

sys.exit(main())
