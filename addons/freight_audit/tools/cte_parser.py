"""Read a CT-e (model 57) XML into plain values, with nfelib's bindings (plain Python).

nfelib (maintained by Akretion, the Brazilian OCA localisation's authors) installs
within Odoo 19's pins (it needs lxml and xsdata only). The XML is first parsed by lxml
with entities and network access disabled (no XXE), then bound by xsdata to nfelib's
CT-e 4.00 classes. Both a bare ``CTe`` and an authorised ``cteProc`` are accepted.
"""

import warnings
from decimal import Decimal, InvalidOperation

from lxml import etree
from nfelib.cte.bindings.v4_0.cte_v4_00 import Cte
from nfelib.cte.bindings.v4_0.proc_cte_v4_00 import CteProc
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig

from . import cte_key

NAMESPACE = "http://www.portalfiscal.inf.br/cte"
ROOTS = {"CTe": Cte, "cteProc": CteProc}
# infQ/cUnid: 01 kilograms, 02 tonnes
_KG_FACTORS = {"01": Decimal(1), "02": Decimal(1000)}
_TOLL_WORDS = ("PEDAGIO", "PEDÁGIO")


class CteParseError(Exception):
    """The XML is not a readable CT-e; the message is for the user."""


def _safe_tree(content):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(content, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise CteParseError(f"malformed XML ({str(exc).splitlines()[0][:120]})") from None


def _decimal(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        raise CteParseError(f"{value!r} is not a number") from None


def _enum(value):
    return getattr(value, "value", value)


def parse(content):
    """The CT-e's values: ``key``, ``number``, ``series``, ``issued_at`` (ISO text),
    ``carrier_vat``, ``carrier_name``, ``amount``, ``tolls``, ``cargo_value``,
    ``weight_kg``, ``nfe_keys``. :class:`CteParseError` when it is not a CT-e."""
    root = _safe_tree(content)
    qname = etree.QName(root)
    if qname.namespace != NAMESPACE or qname.localname not in ROOTS:
        raise CteParseError(f"not a CT-e document (root element {qname.localname})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # xsdata warns about values outside the enums: not our concern
            document = XmlParser(ParserConfig(fail_on_unknown_properties=False)).parse(
                root, ROOTS[qname.localname])
    except (ParserError, ValueError, TypeError) as exc:
        raise CteParseError(f"not a valid CT-e ({str(exc)[:120]})") from None
    cte = document.CTe if isinstance(document, CteProc) else document
    info = cte.infCte if cte else None
    if info is None or not info.Id or not info.ide or not info.vPrest:
        raise CteParseError("the CT-e has no identification or amount")
    key = (info.Id or "").removeprefix("CTe")
    norm = info.infCTeNorm
    cargo = norm.infCarga if norm else None
    weight = sum((_decimal(q.qCarga) * _KG_FACTORS[_enum(q.cUnid)] for q in (cargo.infQ if cargo else [])
                  if _enum(q.cUnid) in _KG_FACTORS), Decimal(0))
    nfe_keys = [doc.chave for doc in (norm.infDoc.infNFe if norm and norm.infDoc else []) if doc.chave]
    tolls = sum((_decimal(comp.vComp) for comp in info.vPrest.comp
                 if any(word in (comp.xNome or "").upper() for word in _TOLL_WORDS)), Decimal(0))
    return {
        "key": key, "key_valid": cte_key.is_valid(key) and cte_key.model(key) == "57",
        "number": str(info.ide.nCT or ""), "series": str(info.ide.serie or ""),
        "issued_at": str(info.ide.dhEmi or ""),
        "carrier_vat": (info.emit.CNPJ or info.emit.CPF or "") if info.emit else "",
        "carrier_name": (info.emit.xNome or "") if info.emit else "",
        "amount": _decimal(info.vPrest.vTPrest), "tolls": tolls,
        "cargo_value": _decimal(cargo.vCarga) if cargo else Decimal(0), "weight_kg": weight,
        "nfe_keys": nfe_keys,
    }
