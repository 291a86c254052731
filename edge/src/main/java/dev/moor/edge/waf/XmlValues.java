package dev.moor.edge.waf;

/**
 * The attribute values and text of an XML body, entity-decoded, read by a lenient scan (no parser: no entity
 * expansion, no external fetch, no recursion). An attack in XML sits in a value, as it does in a form.
 */
final class XmlValues {
    private XmlValues() {}

    static boolean extract(String xml, ValueSink sink) {
        int n = xml.length();
        int p = 0;
        while (p < n) {
            int lt = xml.indexOf('<', p);
            int textEnd = lt < 0 ? n : lt;
            if (text(xml, p, textEnd, sink)) {
                return true;
            }
            if (lt < 0) {
                return false;
            }
            if (xml.startsWith("<![CDATA[", lt)) {
                int close = xml.indexOf("]]>", lt + 9);
                int stop = close < 0 ? n : close;
                if (stop > lt + 9 && sink.value(xml.substring(lt + 9, stop), "body xml", "")) {
                    return true;
                }
                p = close < 0 ? n : close + 3;
                continue;
            }
            p = lt + 1;
            while (p < n && xml.charAt(p) != '>') {
                char c = xml.charAt(p);
                if (c == '"' || c == '\'') {
                    int close = xml.indexOf(c, p + 1);
                    int stop = close < 0 ? n : close;
                    if (stop > p + 1 && sink.value(ValueDecoder.entities(xml.substring(p + 1, stop)), "body xml", "")) {
                        return true;
                    }
                    p = close < 0 ? n : close + 1;
                } else {
                    p++;
                }
            }
            p++;
        }
        return false;
    }

    private static boolean text(String xml, int from, int to, ValueSink sink) {
        int start = from;
        int end = to;
        while (start < end && xml.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && xml.charAt(end - 1) <= ' ') {
            end--;
        }
        return end > start && sink.value(ValueDecoder.entities(xml.substring(start, end)), "body xml", "");
    }
}
