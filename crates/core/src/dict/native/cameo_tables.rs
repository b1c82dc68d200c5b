//! CAMEO code tables used to check dictionaries: event codes, and the
//! three-letter blocks actor codes are built from (countries and regions,
//! role types, known groups, ethnic groups and religions).
//!
//! Facts from the CAMEO 1.1b3 codebook and the CAMEO actor lookups in
//! `../shared/docs/cameo`; country blocks also hold the ISO 3166-1 alpha-3
//! codes PETRARCH's Phoenix dictionaries use (`ROU`, `MNE`, `TLS`, `SSD`)
//! next to CAMEO's older ones (`ROM`, `MTN`, `TMP`), `KSV` for Kosovo, and a
//! few historical states (`SUN`, `YUG`, `SCG`, `DDR`). The known groups
//! add `ISI` (the Islamic State), which Phoenix uses and the GDELT lookup
//! lacks.

/// Every CAMEO event code, roots (`01`) included, sorted.
pub(crate) const EVENT_CODES: &[&str] = &[
    "01", "010", "011", "012", "013", "014", "015", "016", "017", "018", "019", "02", "020", "021",
    "0211", "0212", "0213", "0214", "022", "023", "0231", "0232", "0233", "0234", "024", "0241",
    "0242", "0243", "0244", "025", "0251", "0252", "0253", "0254", "0255", "0256", "026", "027",
    "028", "03", "030", "031", "0311", "0312", "0313", "0314", "032", "033", "0331", "0332",
    "0333", "0334", "034", "0341", "0342", "0343", "0344", "035", "0351", "0352", "0353", "0354",
    "0355", "0356", "036", "037", "038", "039", "04", "040", "041", "042", "043", "044", "045",
    "046", "05", "050", "051", "052", "053", "054", "055", "056", "057", "06", "060", "061", "062",
    "063", "064", "07", "070", "071", "072", "073", "074", "075", "08", "080", "081", "0811",
    "0812", "0813", "0814", "082", "083", "0831", "0832", "0833", "0834", "084", "0841", "0842",
    "085", "086", "0861", "0862", "0863", "087", "0871", "0872", "0873", "0874", "09", "090",
    "091", "092", "093", "094", "10", "100", "101", "1011", "1012", "1013", "1014", "102", "103",
    "1031", "1032", "1033", "1034", "104", "1041", "1042", "1043", "1044", "105", "1051", "1052",
    "1053", "1054", "1055", "1056", "106", "107", "108", "11", "110", "111", "112", "1121", "1122",
    "1123", "1124", "1125", "113", "114", "115", "116", "12", "120", "121", "1211", "1212", "1213",
    "122", "1221", "1222", "1223", "1224", "123", "1231", "1232", "1233", "1234", "124", "1241",
    "1242", "1243", "1244", "1245", "1246", "125", "126", "127", "128", "129", "13", "130", "131",
    "1311", "1312", "1313", "132", "1321", "1322", "1323", "1324", "133", "134", "135", "136",
    "137", "138", "1381", "1382", "1383", "1384", "1385", "139", "14", "140", "141", "1411",
    "1412", "1413", "1414", "142", "1421", "1422", "1423", "1424", "143", "1431", "1432", "1433",
    "1434", "144", "1441", "1442", "1443", "1444", "145", "1451", "1452", "1453", "1454", "15",
    "150", "151", "152", "153", "154", "16", "160", "161", "162", "1621", "1622", "1623", "163",
    "164", "165", "166", "1661", "1662", "1663", "17", "170", "171", "1711", "1712", "172", "1721",
    "1722", "1723", "1724", "173", "174", "175", "18", "180", "181", "182", "1821", "1822", "1823",
    "183", "1831", "1832", "1833", "184", "185", "186", "19", "190", "191", "192", "193", "194",
    "195", "196", "20", "200", "201", "202", "203", "204", "2041", "2042",
];

/// Country, territory and region codes.
pub(crate) const COUNTRY_BLOCKS: &[&str] = &[
    "ABW", "AFG", "AFR", "AGO", "AIA", "ALA", "ALB", "AND", "ANT", "ARE", "ARG", "ARM", "ASA",
    "ASM", "ATA", "ATF", "ATG", "AUS", "AUT", "AZE", "BAG", "BDI", "BEL", "BEN", "BES", "BFA",
    "BGD", "BGR", "BHR", "BHS", "BIH", "BLK", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB",
    "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CAS", "CAU", "CCK", "CEU", "CFR", "CHE", "CHL",
    "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV", "CRB", "CRI", "CSK", "CUB",
    "CUW", "CXR", "CYM", "CYP", "CZE", "DDR", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA", "EAF",
    "ECU", "EEU", "EGY", "EIN", "ERI", "ESH", "ESP", "EST", "ETH", "EUR", "FIN", "FJI", "FLK",
    "FRA", "FRO", "FSM", "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB",
    "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY", "GZS", "HKG", "HMD", "HND", "HRV",
    "HTI", "HUN", "IDN", "IMY", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM",
    "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KNT", "KOR", "KSV", "KWT",
    "LAM", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC",
    "MAF", "MAR", "MCO", "MDA", "MDG", "MDT", "MDV", "MEA", "MEX", "MHL", "MKD", "MLI", "MLT",
    "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTN", "MTQ", "MUS", "MWI", "MYS", "MYT",
    "NAF", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NMR", "NOR", "NPL", "NRU",
    "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PGS", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROM", "ROU", "RUS", "RWA", "SAF", "SAM", "SAS",
    "SAU", "SCG", "SCN", "SDN", "SEA", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV",
    "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUN", "SUR", "SVK", "SVN", "SWE", "SWZ", "SXM",
    "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TMP", "TON", "TTO",
    "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT",
    "VEN", "VGB", "VIR", "VNM", "VUT", "WAF", "WLF", "WSB", "WSM", "WST", "XKX", "YEM", "YUG",
    "ZAF", "ZMB", "ZWE",
];

/// Role and sector codes (`GOV`, `MIL`, `REB`, ...).
pub(crate) const TYPE_BLOCKS: &[&str] = &[
    "AGR", "AMN", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "GRP", "HLH",
    "HRI", "IGO", "IMG", "INS", "INT", "IRC", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD",
    "NGM", "NGO", "OPP", "PKO", "RAD", "REB", "REF", "SEP", "SET", "SPY", "UAF", "UIS", "UNO",
];

/// Known-group codes (`NAT`, `ALQ`, `HMS`, ...).
pub(crate) const GROUP_BLOCKS: &[&str] = &[
    "AAM", "ABD", "ACC", "ADB", "AEU", "AFB", "ALQ", "AMF", "AML", "AMN", "AMU", "ANO", "APE",
    "ARL", "ASL", "ASN", "ATD", "BCA", "BIS", "BTH", "CEM", "CFA", "CIS", "CMN", "COE", "CPA",
    "CPC", "CRC", "CSS", "CWN", "DFL", "EBR", "ECA", "EEC", "EFT", "ENN", "FAO", "FID", "FIS",
    "FLN", "FTA", "GCC", "GIA", "GOE", "GOS", "GSP", "GSS", "HCH", "HCR", "HEZ", "HIP", "HMS",
    "HRW", "IAC", "IAD", "IAE", "IAF", "ICC", "ICG", "ICJ", "ICO", "IDB", "IGC", "IHF", "ILO",
    "IMF", "IOM", "IPU", "IRC", "ISI", "ISJ", "ITP", "JUR", "KDP", "KID", "LBA", "LKD", "MBR",
    "MRZ", "MSF", "MSP", "NAT", "NEP", "NON", "OAS", "OAU", "OIC", "OPC", "PAP", "PFL", "PLF",
    "PLO", "PLS", "PMD", "PRC", "PSE", "RCR", "RND", "SAA", "SAD", "SCE", "SHA", "SOT", "TAL",
    "UEM", "UNO", "WAD", "WAM", "WAS", "WBK", "WCT", "WEF", "WFP", "WHO", "WTO", "XFM",
];

/// Ethnic group codes, upper-cased.
pub(crate) const ETHNIC_BLOCKS: &[&str] = &[
    "AAR", "ABK", "ABR", "ACE", "ACG", "ACH", "ADA", "ADI", "ADJ", "ADY", "AFA", "AFR", "AHM",
    "AIN", "AJA", "AKA", "AKU", "ALA", "ALB", "ALE", "ALG", "ALT", "ALU", "AMB", "AME", "AMH",
    "ANP", "APA", "ARA", "ARB", "ARG", "ARM", "ARN", "ARP", "ARW", "ASA", "ASH", "ASM", "AST",
    "ASY", "ATA", "ATG", "ATH", "ATS", "AUS", "AUU", "AVA", "AWA", "AYM", "AZE", "BAD", "BAH",
    "BAI", "BAK", "BAL", "BAM", "BAN", "BAQ", "BAR", "BAS", "BAY", "BDA", "BEJ", "BEL", "BEM",
    "BEN", "BER", "BEY", "BHO", "BIH", "BII", "BIK", "BIN", "BIS", "BKE", "BKN", "BKW", "BLA",
    "BLG", "BLK", "BLN", "BMR", "BNI", "BNT", "BNY", "BOD", "BOL", "BON", "BOS", "BOU", "BRA",
    "BRB", "BRE", "BRH", "BRK", "BRM", "BSH", "BST", "BSU", "BTE", "BTK", "BUA", "BUD", "BUG",
    "BUL", "BYN", "CAB", "CAD", "CAP", "CAR", "CAT", "CEB", "CHA", "CHC", "CHE", "CHG", "CHI",
    "CHK", "CHL", "CHM", "CHN", "CHO", "CHP", "CHR", "CHT", "CHV", "CHW", "CHY", "CIR", "CMC",
    "COL", "CON", "COP", "COR", "COS", "COT", "CPE", "CPF", "CPP", "CRE", "CRH", "CRI", "CRO",
    "CRP", "CSB", "CSR", "CTH", "CUS", "CZE", "DAI", "DAK", "DAL", "DAM", "DAN", "DAO", "DAR",
    "DAU", "DAY", "DEL", "DEN", "DGR", "DIN", "DIV", "DJE", "DOI", "DOM", "DON", "DOX", "DRA",
    "DRU", "DRZ", "DSB", "DUA", "DUT", "DYU", "DZO", "EAT", "ECU", "EFI", "EIN", "EKA", "ENG",
    "ESH", "EST", "ETH", "EUR", "EVE", "EWE", "EWO", "FAN", "FAO", "FAT", "FIJ", "FIL", "FIN",
    "FIU", "FON", "FRE", "FRI", "FRR", "FRU", "FUL", "FUR", "GAR", "GAY", "GBA", "GEL", "GEO",
    "GER", "GIA", "GIL", "GIN", "GIO", "GLA", "GLE", "GLG", "GLV", "GON", "GOR", "GRA", "GRB",
    "GRE", "GRN", "GSW", "GUA", "GUJ", "GUN", "GWI", "HAD", "HAI", "HAR", "HAT", "HAU", "HAW",
    "HAZ", "HER", "HGH", "HIL", "HIM", "HIN", "HJW", "HMN", "HMO", "HNI", "HOA", "HON", "HRT",
    "HRV", "HSB", "HUI", "HUN", "HUP", "HUT", "IBA", "IBO", "ICE", "IDG", "IDN", "III", "IJO",
    "IKU", "ILO", "IND", "INH", "IPK", "IRA", "IRO", "ITA", "JAN", "JAV", "JEW", "JHW", "JIN",
    "JOL", "JPN", "KAA", "KAB", "KAC", "KAD", "KAK", "KAL", "KAM", "KAN", "KAO", "KAR", "KAS",
    "KAU", "KAV", "KAZ", "KBD", "KBY", "KCH", "KHA", "KHI", "KHK", "KHM", "KHU", "KIK", "KIN",
    "KIR", "KIS", "KLM", "KMB", "KNO", "KNR", "KOK", "KOM", "KON", "KOR", "KOS", "KOU", "KPE",
    "KRH", "KRL", "KRM", "KRO", "KRU", "KUA", "KUM", "KUR", "KUT", "LAD", "LAK", "LAM", "LAO",
    "LAR", "LAV", "LBA", "LDS", "LEN", "LEZ", "LGB", "LHU", "LII", "LIM", "LIN", "LIT", "LOL",
    "LOM", "LOV", "LOZ", "LSU", "LTK", "LTN", "LTZ", "LUA", "LUB", "LUG", "LUH", "LUI", "LUL",
    "LUN", "LUO", "LUS", "MAC", "MAD", "MAF", "MAG", "MAH", "MAI", "MAK", "MAL", "MAN", "MAO",
    "MAR", "MAS", "MAY", "MBA", "MBE", "MBK", "MBO", "MBU", "MDF", "MDH", "MDI", "MDR", "MEN",
    "MIA", "MIC", "MIJ", "MIN", "MIZ", "MLA", "MLD", "MLG", "MLO", "MLT", "MNC", "MND", "MNG",
    "MNH", "MNI", "MNJ", "MNN", "MNO", "MNS", "MNY", "MOH", "MOK", "MON", "MOS", "MRI", "MRN",
    "MRO", "MSK", "MSL", "MTN", "MTZ", "MUN", "MUO", "MUS", "MWL", "MWR", "MYA", "MYE", "MYN",
    "MYV", "NAG", "NAH", "NAI", "NAM", "NAP", "NAU", "NAV", "NAX", "NBA", "NBL", "NCA", "NDE",
    "NDO", "NEP", "NER", "NEW", "NGN", "NGO", "NIA", "NIB", "NIR", "NIU", "NKM", "NNG", "NOG",
    "NOR", "NSO", "NUB", "NUR", "NUU", "NYA", "NYK", "NYM", "NYN", "NYO", "NZE", "NZI", "OCI",
    "OGO", "OJI", "OJW", "OKI", "ORI", "ORM", "ORU", "OSA", "OSS", "OTO", "OVA", "PAA", "PAC",
    "PAG", "PAL", "PAM", "PAN", "PAP", "PAR", "PAU", "PER", "PGN", "PHU", "PNM", "POL", "POM",
    "PON", "POR", "PPL", "PRO", "PRU", "PSH", "PUM", "PUS", "QIA", "QIZ", "QUE", "RAJ", "RAN",
    "RAP", "RAR", "REL", "ROH", "ROM", "RUM", "RUN", "RUP", "RUS", "SAD", "SAG", "SAH", "SAL",
    "SAR", "SAS", "SAT", "SCN", "SCO", "SEL", "SEN", "SFI", "SHA", "SHE", "SHI", "SHL", "SHN",
    "SHY", "SID", "SIN", "SIO", "SLA", "SLO", "SLR", "SLV", "SMI", "SMO", "SNA", "SND", "SNK",
    "SOM", "SON", "SOT", "SPA", "SRD", "SRN", "SRP", "SRR", "SSW", "SUI", "SUK", "SUN", "SUS",
    "SWA", "SWE", "SWF", "SWT", "TAB", "TAH", "TAI", "TAM", "TAO", "TAT", "TAW", "TAY", "TEL",
    "TEM", "TER", "TES", "TET", "TGK", "TGL", "THA", "TIB", "TIG", "TIR", "TIV", "TKL", "TLI",
    "TMH", "TMS", "TOG", "TON", "TOR", "TOU", "TPI", "TRA", "TRI", "TRN", "TSI", "TSN", "TSO",
    "TTS", "TUJ", "TUK", "TUM", "TUP", "TUR", "TUU", "TVL", "TWI", "TWN", "TYV", "UDM", "UIG",
    "UKR", "UMB", "UND", "URD", "UZB", "VAA", "VAI", "VEN", "VIE", "VIL", "VNZ", "VOT", "WAK",
    "WAL", "WAR", "WAS", "WEL", "WEN", "WHI", "WLN", "WOL", "XAL", "XHO", "XIB", "XNC", "YAO",
    "YAP", "YOR", "YPK", "YUG", "ZAG", "ZAP", "ZAY", "ZEN", "ZHA", "ZND", "ZOM", "ZOR", "ZUL",
    "ZUN", "ZZA",
];

/// Religion codes.
pub(crate) const RELIGION_BLOCKS: &[&str] = &[
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD",
    "ITR", "JAN", "JEW", "JHW", "LDS", "MOS", "MRN", "NRM", "PAG", "PRO", "SFI", "SHI", "SHN",
    "SIK", "SUN", "TAO", "UDX", "ZRO",
];

/// True when `code` is a CAMEO event code.
pub(crate) fn is_event_code(code: &str) -> bool {
    EVENT_CODES.binary_search(&code).is_ok()
}

/// What a three-letter actor-code block is, if it is known.
pub(crate) fn block_kind(block: &str) -> Option<&'static str> {
    let tables: [(&[&str], &str); 5] = [
        (COUNTRY_BLOCKS, "country"),
        (TYPE_BLOCKS, "type"),
        (GROUP_BLOCKS, "group"),
        (ETHNIC_BLOCKS, "ethnic"),
        (RELIGION_BLOCKS, "religion"),
    ];
    tables.iter().find(|(t, _)| t.binary_search(&block).is_ok()).map(|(_, k)| *k)
}

/// The first block of `code` (split into three-letter blocks) that is not
/// a known CAMEO block; `---` stands for "no actor" and is accepted.
pub(crate) fn unknown_block(code: &str) -> Option<&str> {
    let mut rest = code;
    while !rest.is_empty() {
        let Some(block) = rest.get(..3) else {
            return Some(rest);
        };
        if block != "---" && block_kind(block).is_none() {
            return Some(block);
        }
        rest = &rest[3..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        for table in
            [EVENT_CODES, COUNTRY_BLOCKS, TYPE_BLOCKS, GROUP_BLOCKS, ETHNIC_BLOCKS, RELIGION_BLOCKS]
        {
            assert!(table.windows(2).all(|w| w[0] < w[1]), "{:?}", &table[..3]);
        }
    }

    #[test]
    fn codes() {
        assert!(is_event_code("036") && is_event_code("1822") && is_event_code("20"));
        assert!(!is_event_code("174K"));
        assert_eq!(unknown_block("USAGOV"), None);
        assert_eq!(unknown_block("IGOUNOKID"), None);
        assert_eq!(unknown_block("---GOV"), None);
        assert_eq!(unknown_block("USAQQQ"), Some("QQQ"));
        assert_eq!(unknown_block("USAG"), Some("G"));
    }
}
