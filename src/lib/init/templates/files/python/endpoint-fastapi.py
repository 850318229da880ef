health_router = APIRouter()


# a plain def: FastAPI runs it in a worker thread, so the blocking checks do not stall the event loop
@health_router.get("/health")
def health() -> JSONResponse:
    status, body = health_report()
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
