def _check_redis():
    import redis

    url = os.environ["REDIS_URL"]
    options = {"socket_connect_timeout": TIMEOUT_SECONDS, "socket_timeout": TIMEOUT_SECONDS}
    if url.startswith("rediss://"):
        # Heroku Redis uses a self-signed certificate
        options["ssl_cert_reqs"] = None
    client = redis.Redis.from_url(url, **options)
    try:
        client.ping()
    finally:
        client.close()
