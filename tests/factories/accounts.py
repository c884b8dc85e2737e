import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"learner{n}@example.ma")
    full_name = factory.Sequence(lambda n: f"Learner {n}")
    password = factory.django.Password("a-Good-passw0rd")
