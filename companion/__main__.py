from .cli import main

if __name__ == "__main__":  # not again in a worker process (multiprocessing's spawn)
    main()
