using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FluentValidation;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_form_or_request_misses_its_fields
{
    public static TheoryData<Type> Validators() =>
        [.. typeof(Program).Assembly.GetTypes().Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b
            && b.GetGenericTypeDefinition() == typeof(AbstractValidator<>))];

    /// <summary>
    /// FluentValidation names a field after its C# property unless told otherwise ("'Name' no debería estar vacío."),
    /// which the consoles show to staff as it is. Every validator, given a command with every field empty and one empty
    /// item in each list (so the rules for items run too), must name each field in Spanish: nothing in quotes that
    /// starts with a capital or has one inside (KioskId, kioskId, Name).
    /// </summary>
    [Theory]
    [MemberData(nameof(Validators))]
    public void each_message_names_the_field_in_spanish(Type validatorType)
    {
        var commandType = validatorType.BaseType!.GetGenericArguments()[0];
        var validator = (IValidator)Activator.CreateInstance(validatorType)!;

        var result = validator.Validate(new ValidationContext<object>(Empty(commandType, depth: 0)));

        foreach (var message in result.Errors.Select(e => e.ErrorMessage))
            foreach (Match quoted in Regex.Matches(message, "'([^']+)'"))
                Assert.False(Regex.IsMatch(quoted.Groups[1].Value, "^[A-Z]|[a-z][A-Z]"), $"{validatorType.Name}: «{message}»");
    }

    /// <summary>
    /// FluentValidation's own wording, in Spanish or English, is a form letter ("'cupo' debe estar entre 2 y 50. Actualmente
    /// tiene un valor de 0.", "'título' no debería estar vacío."), shown to staff and residents as it is. Every validator, given
    /// a command with every field empty, one with every field too long or too large (and an enum no member has), and one
    /// with every field too short or negative, must answer in words a person wrote: no message is one of the library's
    /// templates with its placeholders filled in.
    /// </summary>
    [Theory]
    [MemberData(nameof(Validators))]
    public void each_message_is_written_for_people_not_fluentvalidation_s_stock_wording(Type validatorType)
    {
        var commandType = validatorType.BaseType!.GetGenericArguments()[0];
        var validator = (IValidator)Activator.CreateInstance(validatorType)!;

        var messages = new[] { Empty(commandType, depth: 0), Filled(commandType, tooMuch: true, depth: 0), Filled(commandType, tooMuch: false, depth: 0) }
            .SelectMany(command => validator.Validate(new ValidationContext<object>(command)).Errors.Select(e => e.ErrorMessage)).Distinct().ToList();

        Assert.NotEmpty(messages);
        foreach (var message in messages)
        {
            var stock = StockTemplates.Where(t => t.Pattern.IsMatch(message)).Select(t => t.Template).FirstOrDefault();
            Assert.True(stock is null, $"{validatorType.Name}: «{message}» is FluentValidation's «{stock}»");
            Assert.DoesNotContain("Actualmente tiene", message);
            Assert.DoesNotContain("debe estar entre", message);
        }
    }

    /// <summary>Every message template of FluentValidation's built-in validators, in Spanish and English, as a pattern.</summary>
    private static readonly IReadOnlyList<(string Template, Regex Pattern)> StockTemplates =
        typeof(IValidator).Assembly.GetTypes()
            .Where(t => t.Namespace == "FluentValidation.Validators" && !t.IsAbstract && !t.IsInterface
                && typeof(FluentValidation.Validators.IPropertyValidator).IsAssignableFrom(t))
            .Select(t => t.Name.Split('`')[0])
            .SelectMany(name => new[] { name, name + "_Simple" })
            .SelectMany(key => new[] { "es", "en" }.Select(culture =>
                ValidatorOptions.Global.LanguageManager.GetString(key, new System.Globalization.CultureInfo(culture))))
            .Where(template => !string.IsNullOrEmpty(template))
            .Distinct()
            .Select(template => (template, new Regex("^" + Regex.Replace(Regex.Escape(template), @"\\\{[A-Za-z]+}", ".*") + "$", RegexOptions.Singleline)))
            .ToList();

    [Fact]
    public void the_stock_templates_are_found_so_the_check_above_checks_something()
    {
        Assert.Contains(StockTemplates, t => t.Pattern.IsMatch("'cupo' debe estar entre 2 y 50. Actualmente tiene un valor de 0."));
        Assert.Contains(StockTemplates, t => t.Pattern.IsMatch("'título' no debería estar vacío."));
        Assert.Contains(StockTemplates, t => t.Pattern.IsMatch("'Name' must not be empty."));
        Assert.DoesNotContain(StockTemplates, t => t.Pattern.IsMatch("El cupo debe ser de 2 a 50 personas."));
    }

    /// <summary>
    /// A command with every field past a limit the rules set: strings, numbers and enums too large, one such item in each
    /// list (<paramref name="tooMuch"/>); or strings too short, numbers negative, enums below every member, lists empty.
    /// Nested objects are filled alike.
    /// </summary>
    private static object Filled(Type type, bool tooMuch, int depth)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            if (Value(property.PropertyType, tooMuch, depth) is { } value && property.PropertyType.IsInstanceOfType(value))
                property.SetValue(instance, value);
        return instance;
    }

    private static object? Value(Type type, bool tooMuch, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return tooMuch ? new string('x', 100_001) : "x";
        if (type.IsEnum) return Enum.ToObject(type, tooMuch ? 999 : -1);
        if (type == typeof(int)) return tooMuch ? int.MaxValue : -1;
        if (type == typeof(long)) return tooMuch ? long.MaxValue : -1L;
        if (type == typeof(decimal)) return tooMuch ? decimal.MaxValue : -1m;
        if (type == typeof(double)) return tooMuch ? double.MaxValue : -1d;
        if (type.IsValueType || depth > 2) return null;
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var itemType = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
            if (tooMuch && Value(itemType, tooMuch, depth + 1) is { } item) list.Add(item);
            return list;
        }
        return type.IsClass && !typeof(IEnumerable).IsAssignableFrom(type) ? Filled(type, tooMuch, depth + 1) : null;
    }

    private static object Empty(Type type, int depth)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var itemType = property.PropertyType.IsGenericType && typeof(IEnumerable).IsAssignableFrom(property.PropertyType)
                ? property.PropertyType.GetGenericArguments()[0]
                : null;
            if (itemType is null || depth > 2) continue;
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
            list.Add(itemType == typeof(string) ? "" : itemType.IsValueType ? Activator.CreateInstance(itemType) : Empty(itemType, depth + 1));
            if (property.PropertyType.IsAssignableFrom(list.GetType())) property.SetValue(instance, list);
        }
        return instance;
    }
}
