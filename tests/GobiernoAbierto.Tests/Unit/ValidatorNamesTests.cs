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
