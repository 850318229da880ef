func kitCheckRedis(ctx context.Context, url string) error {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return err
	}
	if opts.TLSConfig != nil {
		// Heroku Redis uses a self-signed certificate
		opts.TLSConfig.InsecureSkipVerify = true
	}
	client := redis.NewClient(opts)
	defer client.Close()
	return client.Ping(ctx).Err()
}
