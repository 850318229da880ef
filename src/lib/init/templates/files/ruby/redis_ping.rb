  def {{RECEIVER}}redis_ping
    require "redis"
    url = ENV.fetch("REDIS_URL")
    options = { url: url, connect_timeout: TIMEOUT, read_timeout: TIMEOUT, reconnect_attempts: 0 }
    # Heroku Redis uses a self-signed certificate
    options[:ssl_params] = { verify_mode: OpenSSL::SSL::VERIFY_NONE } if url.start_with?("rediss://")
    client = Redis.new(**options)
    client.ping
  ensure
    client&.close
  end
