"""E-mailing a reply to the citizen in its language; the address never leaves this module."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.feedback.crypto import InvalidToken
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackContact, FeedbackItem, Reply
from resonance.mail import MailError, send_mail

log = logging.getLogger(__name__)

SENT, FAILED, NO_CONTACT, PENDING = "sent", "failed", "no_contact", "pending"

_SUBJECT = {
    "en": "Answer to your request {reference}",
    "fr": "Réponse à votre demande {reference}",
    "uk": "Відповідь на ваше звернення {reference}",
    "ru": "Ответ на ваше обращение {reference}",
    "vi": "Trả lời yêu cầu {reference} của bạn",
    "zh": "关于您的诉求 {reference} 的答复",
}
_INTRO = {
    "en": "We have answered your request {reference}:",
    "fr": "Nous avons répondu à votre demande {reference} :",
    "uk": "Ми відповіли на ваше звернення {reference}:",
    "ru": "Мы ответили на ваше обращение {reference}:",
    "vi": "Chúng tôi đã trả lời yêu cầu {reference} của bạn:",
    "zh": "我们已答复您的诉求 {reference}：",
}
_FOOTER = {
    "en": "To see the status, rate the answer or reopen the request, open the private link you "
    "received when you sent it (it starts with {status_url}). This e-mail was sent "
    "automatically; please do not answer it.",
    "fr": "Pour suivre la demande, noter la réponse ou rouvrir la demande, ouvrez le lien privé "
    "reçu lors de l'envoi (il commence par {status_url}). Ce courriel est envoyé "
    "automatiquement ; merci de ne pas y répondre.",
    "uk": "Щоб переглянути стан, оцінити відповідь або повторно відкрити звернення, відкрийте "
    "приватне посилання, яке ви отримали під час надсилання (воно починається з {status_url}). "
    "Цей лист надіслано автоматично; будь ласка, не відповідайте на нього.",
    "ru": "Чтобы посмотреть статус, оценить ответ или снова открыть обращение, откройте личную "
    "ссылку, полученную при отправке (она начинается с {status_url}). Это письмо отправлено "
    "автоматически; пожалуйста, не отвечайте на него.",
    "vi": "Để xem trạng thái, đánh giá câu trả lời hoặc mở lại yêu cầu, hãy mở đường dẫn riêng "
    "bạn nhận được khi gửi (bắt đầu bằng {status_url}). Thư này được gửi tự động; vui lòng "
    "không trả lời.",
    "zh": "如需查看进度、评价答复或重新开启诉求，请打开您提交时收到的专属链接（以 {status_url} "
    "开头）。本邮件由系统自动发送，请勿直接回复。",
}


@dataclass(frozen=True)
class ReplyMailer:
    """What e-mailing a reply needs: SMTP settings and the public URL, and the contact keys."""

    settings: Settings
    keys: IntakeKeys

    @classmethod
    def from_settings(cls, settings: Settings) -> ReplyMailer:
        return cls(settings, IntakeKeys.from_settings(settings))

    def send(self, to: str, subject: str, body: str, *, message_id: str, language: str) -> None:
        send_mail(self.settings, to, subject, body, message_id=message_id, language=language)


def mail_language(reply: Reply) -> str:
    return reply.language if reply.language in _SUBJECT else "en"


def compose_reply_mail(item: FeedbackItem, reply: Reply, *, base_url: str) -> tuple[str, str]:
    """(subject, text) of the e-mail: the reply, the reference and where the status page is.

    The private status link cannot be included (only its hash is stored): the e-mail names the
    reference and the address the link starts with.
    """
    lang = mail_language(reply)
    status_url = f"{base_url.rstrip('/')}/f/status/{item.reference}"
    subject = _SUBJECT[lang].format(reference=item.reference)
    intro = _INTRO[lang].format(reference=item.reference)
    footer = _FOOTER[lang].format(status_url=status_url)
    return subject, f"{intro}\n\n{reply.body}\n\n-- \n{footer}\n"


def _address(session: Session, item_id: int, keys: IntakeKeys) -> str | None:
    sealed = session.scalar(
        select(FeedbackContact.email_encrypted).where(FeedbackContact.item_id == item_id)
    )
    return keys.cipher().decrypt(sealed) if sealed else None


def has_email(session: Session, item_id: int) -> bool:
    sealed = session.scalar(
        select(FeedbackContact.email_encrypted).where(FeedbackContact.item_id == item_id)
    )
    return bool(sealed)


def _scrub(message: str, address: str) -> str:
    """An SMTP error without the address (servers quote the refused recipient)."""
    return re.sub(re.escape(address), "[citizen address]", message, flags=re.IGNORECASE)[:500]


def email_reply(session: Session, reply: Reply, *, mailer: ReplyMailer) -> Reply:
    """Send one reply to the citizen's address; records sent, failed (with why) or no_contact."""
    item = session.get_one(FeedbackItem, reply.item_id)
    try:
        address = _address(session, item.id, mailer.keys)
    except InvalidToken:
        reply.email_status = FAILED
        reply.email_error = "The contact address cannot be decrypted with the configured keys."
        session.flush()
        return reply
    if address is None:
        reply.email_status, reply.email_error = NO_CONTACT, None
        session.flush()
        return reply
    subject, text = compose_reply_mail(item, reply, base_url=mailer.settings.base_url)
    try:
        mailer.send(
            address,
            subject,
            text,
            message_id=f"feedback-reply-{reply.id}",
            language=mail_language(reply),
        )
    except MailError as error:
        reply.email_status, reply.email_error = FAILED, _scrub(str(error), address)
        log.warning("E-mail of reply %d failed: %s", reply.id, reply.email_error)
    else:
        reply.email_status, reply.email_error = SENT, None
    session.flush()
    return reply
