"""The bundle's executable: the window, or the command line given arguments
(PlanDesk search 两江新区 --json). Index workers are spawned from it too."""
import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()      # a spawned index worker runs its task and exits here
    from desktop.launch import main
    sys.exit(main())
