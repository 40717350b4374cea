import type { PropsWithChildren } from 'react';
import { Sidebar, SidebarGroup, SidebarItem, SidebarPage } from '@backstage/core-components';
import ChatIcon from '@material-ui/icons/Chat';
import MenuIcon from '@material-ui/icons/Menu';

/** The app shell: a sidebar with the Agent Forge item around the routes. */
export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        <SidebarItem icon={ChatIcon} to="agent-forge" text="Agent Forge" />
      </SidebarGroup>
    </Sidebar>
    {children}
  </SidebarPage>
);
