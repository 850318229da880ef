  def {{RECEIVER}}database_ping
    require "pg"
    url = ENV.fetch("DATABASE_URL")
    url += "#{url.include?("?") ? "&" : "?"}connect_timeout=#{TIMEOUT}"
    connection = PG.connect(url)
    connection.exec("SELECT 1")
  ensure
    connection&.close
  end
