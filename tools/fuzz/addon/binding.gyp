{
  "targets": [
    {
      "target_name": "afl_shm",
      "sources": ["afl_shm.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
