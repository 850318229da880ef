health_bp = Blueprint("health", __name__)


@health_bp.route("/health", methods=["GET"])
def health():
    status, body = health_report()
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
