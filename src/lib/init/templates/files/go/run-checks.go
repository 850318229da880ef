	ctx, cancel := context.WithTimeout(r.Context(), kitHealthTimeout)
	defer cancel()
	run := func(name, url string, check func(context.Context, string) error) {
		if url == "" {
			checks[name] = "not configured"
			return
		}
		if err := check(ctx, url); err != nil {
			log.Printf("health: %s check failed (%T)", name, err)
			checks[name] = "unavailable"
			failing = append(failing, name)
			return
		}
		checks[name] = "ok"
	}
{{RUN_CALLS}}
	sort.Strings(failing)
