"""Service configuration, read from the environment (and a local .env file in development)."""
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="ORDERS_")

    database_url: str = "postgresql+psycopg://db.internal:5432/orders"
    secret_key: str = "dev-secret-change-me"
    token_expire_minutes: int = 30
    payments_base_url: str = "https://payments.internal.example"
    default_currency: str = "EUR"
    log_level: str = "INFO"


settings = Settings()
