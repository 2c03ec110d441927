import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { AuthPageFrame } from "@/components/auth/auth-page-frame";
import { getCurrentUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Create account · Sidekiq" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/");
  return (
    <AuthPageFrame>
      <AuthForm mode="sign-up" />
    </AuthPageFrame>
  );
}
