func kitCheckDatabase(ctx context.Context, url string) error {
	db, err := sql.Open("{{DRIVER}}", url)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}
