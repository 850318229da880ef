def _check_database():
    url = os.environ["DATABASE_URL"]
    try:
        import psycopg
    except ImportError:
        psycopg = None
    if psycopg is not None:
        with psycopg.connect(url, connect_timeout=TIMEOUT_SECONDS) as conn:
            conn.execute("SELECT 1")
        return
    import psycopg2

    conn = psycopg2.connect(url, connect_timeout=TIMEOUT_SECONDS)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        conn.close()
