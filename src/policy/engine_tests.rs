//! Tests of attribute tests whose truth does not follow from the value alone.

mod exists_tests {
    use super::super::*;
    use crate::value::{Key, Map};

    fn resource(value: Value) -> Value {
        let mut props = Map::default();
        props.insert(Key { name: "RestApiId".into(), span: Span::default() }, value);
        let mut top = Map::default();
        top.insert(
            Key { name: "Properties".into(), span: Span::default() },
            Value::new(Kind::Map(props), Span::default()),
        );
        Value::new(Kind::Map(top), Span::default())
    }

    fn exists(root: &Value, path: &[&str]) -> Truth {
        let path: Vec<Segment> = path.iter().map(|s| Segment::Name((*s).to_string())).collect();
        attribute(root, &path, &Test::Exists(true), None).truth
    }

    #[test]
    fn a_reference_exists_though_its_value_is_unknown() {
        let reference = resource(Value::unknown_present("Ref to resource Api", Span::default()));
        assert_eq!(exists(&reference, &["Properties", "RestApiId"]), Truth::True);
        // What lies inside an unknown value is not known to exist.
        assert_eq!(exists(&reference, &["Properties", "RestApiId", "Inner"]), Truth::Unknown);
        let maybe_null = resource(Value::unknown("depends on condition IsProd", Span::default()));
        assert_eq!(exists(&maybe_null, &["Properties", "RestApiId"]), Truth::Unknown);
        assert_eq!(exists(&maybe_null, &["Properties", "Missing"]), Truth::False);
    }
}

mod min_items_tests {
    use super::super::*;

    fn subnets(items: Vec<Value>) -> Value {
        Value::new(Kind::List(items), Span::default())
    }

    #[test]
    fn a_list_of_unknown_ids_has_a_known_length() {
        let two = subnets(vec![
            Value::unknown_present("aws_subnet.a.id", Span::default()),
            Value::unknown_present("aws_subnet.b.id", Span::default()),
        ]);
        assert_eq!(test_value(&two, &Test::MinItems(2)).truth, Truth::True);
        assert_eq!(test_value(&two, &Test::MinItems(3)).truth, Truth::False);
        let whole = Value::unknown("var.subnets has no value", Span::default());
        assert_eq!(test_value(&whole, &Test::MinItems(2)).truth, Truth::Unknown);
        assert_eq!(
            test_value(&Value::string("subnet-1", Span::default()), &Test::MinItems(2)).truth,
            Truth::False
        );
    }
}
