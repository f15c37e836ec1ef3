"""CT-e 4.00 XML fixtures built for each case (plain Python)."""

from odoo.addons.freight_audit.tools.cte_key import check_digit

CARRIER_CNPJ = "12345678000195"


def make_key(number, model="57", cnpj=CARRIER_CNPJ, bad_digit=False):
    """A 44-digit key: UF 35, 2611 (AAMM), CNPJ, model, series 001, number, emission 1,
    code; with its right check digit (or a wrong one)."""
    first = f"352611{cnpj}{model}001{number:09d}1{number * 7 % 10**8:08d}"
    digit = check_digit(first)
    return first + str((digit + 1) % 10 if bad_digit else digit)


def make_cte(number, nfe_keys, *, amount="1250.00", kg="1500.0000", cargo="50000.00", tolls=None,
             bad_digit=False, proc=True, cnpj=CARRIER_CNPJ):
    key = make_key(number, cnpj=cnpj, bad_digit=bad_digit)
    comps = "".join(f"<Comp><xNome>{name}</xNome><vComp>{value}</vComp></Comp>"
                    for name, value in [("FRETE PESO", amount), *([("PEDAGIO", tolls)] if tolls else [])])
    docs = "".join(f"<infNFe><chave>{nfe}</chave></infNFe>" for nfe in nfe_keys)
    cte = f"""<CTe xmlns="http://www.portalfiscal.inf.br/cte"><infCte Id="CTe{key}" versao="4.00">
<ide><cUF>35</cUF><cCT>{number:08d}</cCT><CFOP>6353</CFOP><natOp>PRESTACAO DE SERVICO DE TRANSPORTE</natOp>
<mod>57</mod><serie>1</serie><nCT>{number}</nCT><dhEmi>2026-11-10T10:00:00-03:00</dhEmi><tpImp>1</tpImp>
<tpEmis>1</tpEmis><cDV>{key[-1]}</cDV><tpAmb>2</tpAmb><tpCTe>0</tpCTe><procEmi>0</procEmi><verProc>1.0</verProc>
<cMunEnv>3550308</cMunEnv><xMunEnv>SAO PAULO</xMunEnv><UFEnv>SP</UFEnv><modal>01</modal><tpServ>0</tpServ>
<cMunIni>3550308</cMunIni><xMunIni>SAO PAULO</xMunIni><UFIni>SP</UFIni><cMunFim>3304557</cMunFim>
<xMunFim>RIO DE JANEIRO</xMunFim><UFFim>RJ</UFFim><retira>1</retira><indIEToma>1</indIEToma>
<toma3><toma>0</toma></toma3></ide>
<emit><CNPJ>{cnpj}</CNPJ><IE>111111111111</IE><xNome>TRANSPORTADORA RAPIDA LTDA</xNome></emit>
<vPrest><vTPrest>{amount}</vTPrest><vRec>{amount}</vRec>{comps}</vPrest>
<infCTeNorm><infCarga><vCarga>{cargo}</vCarga><proPred>MERCADORIAS</proPred>
<infQ><cUnid>01</cUnid><tpMed>PESO BRUTO</tpMed><qCarga>{kg}</qCarga></infQ></infCarga>
<infDoc>{docs}</infDoc><infModal versaoModal="4.00"><rodo><RNTRC>12345678</RNTRC></rodo></infModal></infCTeNorm>
</infCte></CTe>"""
    if proc:
        cte = f"""<?xml version="1.0" encoding="UTF-8"?>
<cteProc xmlns="http://www.portalfiscal.inf.br/cte" versao="4.00">{cte}
<protCTe versao="4.00"><infProt><tpAmb>2</tpAmb><verAplic>SP-CTe</verAplic><chCTe>{key}</chCTe>
<dhRecbto>2026-11-10T10:01:00-03:00</dhRecbto><nProt>135260000000001</nProt><cStat>100</cStat>
<xMotivo>Autorizado o uso do CT-e</xMotivo></infProt></protCTe></cteProc>"""
    return key, cte.encode()


def make_nfe_key(number, cnpj="98765432000198"):
    first = f"352611{cnpj}55001{number:09d}1{number * 3 % 10**8:08d}"
    return first + str(check_digit(first))
