extension WhereExpression {
    /// A compact reference for `--help` (the discussion of `--where`); kept next to the parser so they agree.
    public static let help = """
        --where EXPR: tests joined with and/or/not (also && || !), parentheses; not > and > or.
          fields: id type source subject twin source_twin target_twin relationship model time deadlettered
                  endpoint reason attempts outcome blob patch.path data.<path> (data.temp, data.$dtId, data.items.0,
                  data."a.b")
          tests:  == != < <= > >=   ~ "glob"   =~ "regex"   in [v, …]   not in […]   exists   not exists
          values: "text" or 'text', 3, -1.5, true, false, null,
                  times 2024-01-05T13:00:00Z, 2024-01-05 (UTC midnight), now, now - 6h (units s m h d w: 1h30m)
          twin lists both ends of a relationship and patch.path every patched path: a test on a list matches when
          any element does. A field an event lacks fails every test except != and not. endpoint ignores case.
          examples: type ~ "*Twin.Update" and data.temperature > 80
                    twin == "pump-7" and time > now - 6h
                    reason =~ "^TimeToLive" or attempts >= 5
        """
}
