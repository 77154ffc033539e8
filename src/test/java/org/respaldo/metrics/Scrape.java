package org.respaldo.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A Prometheus text-format scrape, parsed: every sample with its name, labels and value. */
record Scrape(String text, List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Scrape parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                String inner = line.substring(brace + 1, close);
                int i = 0;
                while (i < inner.length()) {
                    int eq = inner.indexOf('=', i);
                    String key = inner.substring(i, eq).trim();
                    StringBuilder v = new StringBuilder();
                    int j = eq + 2;
                    for (; j < inner.length() && inner.charAt(j) != '"'; j++) {
                        char c = inner.charAt(j);
                        if (c == '\\' && j + 1 < inner.length()) {
                            char n = inner.charAt(++j);
                            v.append(n == 'n' ? '\n' : n);
                        } else {
                            v.append(c);
                        }
                    }
                    labels.put(key, v.toString());
                    i = j + 1;
                    if (i < inner.length() && inner.charAt(i) == ',') {
                        i++;
                    }
                }
                String rest = line.substring(close + 1).trim().split(" ")[0];
                out.add(new Sample(name, labels, Double.parseDouble(rest)));
            } else {
                String[] parts = line.trim().split(" ");
                name = parts[0];
                out.add(new Sample(name, labels, Double.parseDouble(parts[1])));
            }
        }
        return new Scrape(text, out);
    }

    /** The value of the sample with exactly these labels (given as key, value, key, value...). */
    Optional<Double> value(String name, String... labels) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(new TreeMap<>(want))).map(Sample::value)
                .findFirst();
    }

    /** Samples of a name whose labels include these. */
    List<Sample> matching(String name, String... labels) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < labels.length; i += 2) {
                ok &= labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (ok) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every metric family name (a histogram's _bucket, _count and _sum count as its own name too). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Sample s : samples) {
            names.add(s.name());
        }
        return names;
    }
}
