"""Client for the internal payments API."""
import logging
import os
from decimal import Decimal

import httpx

from app.settings import settings

logger = logging.getLogger(__name__)

PAYMENTS_API_KEY = os.getenv("PAYMENTS_API_KEY", "sk_test_placeholder_key_123")
TIMEOUT = httpx.Timeout(5.0, connect=2.0)


def authorize(order_id: int, amount: Decimal, currency: str) -> str:
    """Asks the payments service to authorise the amount and returns the payment status."""
    try:
        response = httpx.post(
            f"{settings.payments_base_url}/v1/authorizations",
            json={"order_id": order_id, "amount": str(amount), "currency": currency},
            headers={"Authorization": f"Bearer {PAYMENTS_API_KEY}"},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        return response.json()["status"]
    except Exception:
        return "pending"
