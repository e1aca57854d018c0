-- wrk script: GET with the bench user's ID token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
