"""Order endpoints: create an order, fetch one, list a customer's orders."""
import json
import logging
from datetime import datetime
from decimal import Decimal
from typing import List, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clients import payments
from app.db import OrderRow, get_session
from app.settings import settings

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/orders", tags=["orders"])


class OrderIn(BaseModel):
    customer_id: str = Field(min_length=1, max_length=64)
    amount: Decimal = Field(gt=0, decimal_places=2)
    currency: str = Field(default=settings.default_currency, min_length=3, max_length=3)
    metadata: Optional[str] = None


class OrderOut(BaseModel):
    id: int
    customer_id: str
    amount: Decimal
    currency: str
    status: str
    extra: Optional[dict] = None
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)


def _parse_metadata(raw: Optional[str]) -> Optional[dict]:
    """Client metadata arrives as a JSON string; anything that is not an object is dropped."""
    if not raw:
        return None
    try:
        payload = json.loads(raw)
    except Exception:
        return None
    return payload if isinstance(payload, dict) else None


@router.post("", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def create_order(order: OrderIn, session: Session = Depends(get_session)) -> OrderRow:
    row = OrderRow(
        customer_id=order.customer_id,
        amount=order.amount,
        currency=order.currency.upper(),
        extra=_parse_metadata(order.metadata),
        created_at=datetime.utcnow(),
    )
    session.add(row)
    try:
        session.flush()
        row.status = payments.authorize(row.id, row.amount, row.currency)
        session.commit()
    except Exception:
        session.rollback()
        raise
    logger.info("order %s created with status %s", row.id, row.status)
    return row


@router.get("/{order_id}", response_model=OrderOut)
def get_order(order_id: int, session: Session = Depends(get_session)) -> OrderRow:
    row = session.get(OrderRow, order_id)
    if row is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="order not found")
    return row


@router.get("", response_model=List[OrderOut])
def list_orders(
    customer_id: str,
    limit: int = Query(default=50, ge=1, le=200),
    session: Session = Depends(get_session),
) -> List[OrderRow]:
    query = (
        select(OrderRow)
        .where(OrderRow.customer_id == customer_id)
        .order_by(OrderRow.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
